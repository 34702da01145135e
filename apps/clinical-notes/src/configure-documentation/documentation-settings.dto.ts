import { ApiProperty } from '@nestjs/swagger';

/** PUT /v1/staff-credentials/{subject}: the credential registered. */
export class StaffCredentialSetDto {
  @ApiProperty({ description: "The staff member's token subject." }) subject!: string;
  @ApiProperty({ example: 'cadc-i' }) credential!: string;
}
