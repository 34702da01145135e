import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDefined, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max,
  MaxLength, Min, ValidateBy, ValidateIf, ValidateNested,
} from 'class-validator';
import { propertyRules } from './validation-schema';

class Inner {
  @IsString() @MaxLength(10) name!: string;
}

class Sample {
  @IsInt() @Min(1) @Max(200) limit!: number;
  @IsOptional() @IsIn(['a', 'b']) status?: string;
  @IsUUID() id!: string;
  @Matches(/^[a-z]+$/) @Matches(/x/) code!: string;
  @Matches(/^ab$/i) loud!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @ArrayUnique() @IsString({ each: true }) @MaxLength(3, { each: true }) tags!: string[];
  @IsDefined() @ValidateNested() @Type(() => Inner) inner!: Inner;
  @ValidateIf((_, v) => v !== null && v !== undefined) @IsString() note?: string | null;
  @IsISO8601({ strict: true }) at!: string;
  @ValidateBy({ name: 'isDay', validator: { validate: () => true } }, { context: { openapi: { format: 'date', pattern: '^[0-9]' } } }) day!: string;
}

describe('propertyRules: the schema class-validator enforces', () => {
  const rules = propertyRules(Sample);

  it('bounds, enums and types', () => {
    expect(rules.get('limit')).toEqual({ schema: { type: 'integer', minimum: 1, maximum: 200 }, required: true, nullable: false });
    expect(rules.get('status')).toEqual({ schema: { enum: ['a', 'b'] }, required: false, nullable: true });
  });

  it('uuids as isUUID accepts them (a version and a variant), not any 8-4-4-4-12 string', () => {
    const { schema } = rules.get('id')!;
    expect(schema.format).toBe('uuid');
    const pattern = new RegExp(schema.pattern!);
    expect(pattern.test('0c0ffee0-0000-4000-8000-000000000404')).toBe(true);
    expect(pattern.test('0c0ffee0-0000-0000-0000-000000000404')).toBe(false);
  });

  it('a second pattern joins the first, and a case-insensitive one is spelled out', () => {
    const { pattern, allOf } = rules.get('code')!.schema;
    expect([pattern, ...(allOf ?? []).map((s) => (s as { pattern: string }).pattern)].sort()).toEqual(['^[a-z]+$', 'x']);
    const loud = new RegExp(rules.get('loud')!.schema.pattern!);
    expect(['ab', 'AB', 'aB'].every((s) => loud.test(s)) && !loud.test('ac')).toBe(true);
  });

  it('array rules on the array, `each` rules on its items', () => {
    expect(rules.get('tags')!.schema).toEqual({ type: 'array', minItems: 1, maxItems: 5, uniqueItems: true, items: { type: 'string', maxLength: 3 } });
  });

  it('names the class of a nested object', () => {
    expect(rules.get('inner')).toMatchObject({ required: true, nested: Inner });
  });

  it('a conditional property is not required, and only IsOptional makes it nullable', () => {
    expect(rules.get('note')).toEqual({ schema: { type: 'string' }, required: false, nullable: false });
  });

  it("strict ISO 8601 refuses years before 100 (validator.js reads them as 19xx), so they are outside the schema", () => {
    expect(rules.get('at')!.schema).toEqual({ type: 'string', pattern: '^(0[1-9]|[1-9][0-9])[0-9]{2}-' });
  });

  it('a custom validator documents itself through its context', () => {
    expect(rules.get('day')!.schema).toEqual({ type: 'string', format: 'date', pattern: '^[0-9]' });
  });
});
