export * from './databases';
export * from './disposable-postgres';
export * from './kafka';
export * from './tokens';
