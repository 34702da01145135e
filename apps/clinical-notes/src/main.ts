import '@iop/platform/tracing/register';
import 'reflect-metadata';
import { runService } from '@iop/platform';
import { clinicalNotesService } from './service';

runService(clinicalNotesService);
