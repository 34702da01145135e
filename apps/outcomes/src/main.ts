import '@iop/platform/tracing/register';
import 'reflect-metadata';
import { runService } from '@iop/platform';
import { outcomesService } from './service';

runService(outcomesService);
