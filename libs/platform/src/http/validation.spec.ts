import { IsString } from 'class-validator';
import { validationPipe } from './validation';

class WidgetDto {
  @IsString() name!: string;
}

describe('the validation pipe', () => {
  const pipe = validationPipe();

  it('refuses a body that is not a JSON object where a DTO class describes it', async () => {
    for (const value of [null, [1, 2], 'x', 3]) {
      await expect(pipe.transform(value, { type: 'body', metatype: WidgetDto })).rejects.toMatchObject({ status: 400, message: 'The request body must be a JSON object.' });
    }
    await expect(pipe.transform({ name: 'a' }, { type: 'body', metatype: WidgetDto })).resolves.toEqual({ name: 'a' });
  });

  it('leaves a consumer\'s payload alone: a run of events (an array), or one event typed as an interface', async () => {
    const events = [{ id: 'e1', type: 'iop.admissions.PatientAdmitted.v1', data: {} }];
    await expect(pipe.transform(events, { type: 'body', metatype: Array })).resolves.toBe(events);
    await expect(pipe.transform(events[0], { type: 'body', metatype: Object })).resolves.toBe(events[0]);
  });
});
