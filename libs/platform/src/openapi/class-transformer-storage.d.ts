/** class-transformer's own registry of `@Type(() => X)`: the class a nested property is turned into before validation. */
declare module 'class-transformer/cjs/storage' {
  export const defaultMetadataStorage: {
    findTypeMetadata(target: object, propertyName: string): { typeFunction: (options?: unknown) => unknown } | undefined;
  };
}
