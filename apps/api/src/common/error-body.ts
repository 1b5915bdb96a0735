import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldError {
  @ApiProperty({ example: 'name' })
  field!: string;

  @ApiProperty({ example: 'name must be 1 to 100 characters' })
  message!: string;
}

/** The one error body of the API (docs/api-guide.md, "Errors"). */
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

/** The most problems one error body lists: a broken 100,000-day import would otherwise answer megabytes. */
export const MAX_DETAILS = 100;

/** Thrown with field-level problems; the filter puts them in `details` (the first {@link MAX_DETAILS}). */
export function fieldErrors(details: FieldError[]): { message: string; details: FieldError[] } {
  if (details.length === 1) return { message: details[0]!.message, details };
  const shown = details.slice(0, MAX_DETAILS);
  const more = details.length - shown.length;
  return {
    message:
      more > 0 ? `validation failed: ${details.length} problems, the first ${MAX_DETAILS} listed` : 'validation failed',
    details: shown,
  };
}
