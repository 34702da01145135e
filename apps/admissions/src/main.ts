import '@iop/platform/tracing/register';
import 'reflect-metadata';
import { runService } from '@iop/platform';
import { admissionsService } from './service';

runService(admissionsService);
