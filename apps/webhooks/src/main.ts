import '@iop/platform/tracing/register';
import 'reflect-metadata';
import { runService } from '@iop/platform';
import { webhooksService } from './service';

runService(webhooksService);
