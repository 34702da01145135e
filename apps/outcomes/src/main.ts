import 'reflect-metadata';
import { runService } from '@iop/platform';
import { outcomesService } from './service';

runService(outcomesService);
