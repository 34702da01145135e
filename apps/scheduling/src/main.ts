import '@iop/platform/tracing/register';
import 'reflect-metadata';
import { runService } from '@iop/platform';
import { schedulingService } from './service';

runService(schedulingService);
