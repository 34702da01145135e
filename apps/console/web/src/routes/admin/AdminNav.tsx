import { NavLink } from 'react-router-dom';
// The administration screens' styles (rows of blocks and shifts, this nav), loaded with whichever of them opens first.
import './admin.css';

/** The administration screens, for the admin (an integrator reaches the integrations portal only). */
export function AdminNav() {
  return (
    <nav aria-label="Administration">
      <ul className="admin-nav">
        <li>
          <NavLink to="/admin" end>
            Clinic settings
          </NavLink>
        </li>
        <li>
          <NavLink to="/admin/integrations">Integrations</NavLink>
        </li>
        <li>
          <NavLink to="/admin/dead-letters">Dead letters</NavLink>
        </li>
      </ul>
    </nav>
  );
}
