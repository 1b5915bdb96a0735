import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldError {
  @ApiProperty({ example: 'name' })
  field!: string;

  @ApiProperty({ example: 'name must be 1 to 100 characters' })
  message!: string;
}

/** The one error body of the API (api.md § Errors). */
export class ErrorBody {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'validation failed' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldError] })
  details?: FieldError[];
}

/** Thrown with field-level problems; the filter puts them in `details`. */
export function fieldErrors(details: FieldError[]): { message: string; details: FieldError[] } {
  return { message: details.length === 1 ? details[0]!.message : 'validation failed', details };
}
