export * from './dev-identity';
export * from './stack';
