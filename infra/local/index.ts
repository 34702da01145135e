export * from './dev-identity';
export * from './stack';
export * from './kafka-client';
