-- The six service databases, each owned by its own login role (as infra/local/stack.ts provisions them).
CREATE ROLE admissions LOGIN PASSWORD 'admissions';
CREATE ROLE scheduling LOGIN PASSWORD 'scheduling';
CREATE ROLE clinical_notes LOGIN PASSWORD 'clinical_notes';
CREATE ROLE outcomes LOGIN PASSWORD 'outcomes';
CREATE ROLE webhooks LOGIN PASSWORD 'webhooks';
CREATE ROLE fhir LOGIN PASSWORD 'fhir';
CREATE DATABASE admissions OWNER admissions;
CREATE DATABASE scheduling OWNER scheduling;
CREATE DATABASE clinical_notes OWNER clinical_notes;
CREATE DATABASE outcomes OWNER outcomes;
CREATE DATABASE webhooks OWNER webhooks;
CREATE DATABASE fhir OWNER fhir;
