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

  @ApiProperty({ example: 'name must not be empty' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldError] })
  details?: FieldError[];
}

/** The most problems one error body lists: a broken 100,000-day import would otherwise answer megabytes. */
export const MAX_DETAILS = 100;

/** Problems named in full in `message`; beyond these it counts them and `details` lists them. */
const SPELLED_OUT = 3;

/**
 * Thrown with field-level problems; the filter puts them in `details` (the first {@link MAX_DETAILS}). The message
 * says what is wrong in words, whatever the status: a 409 for a taken name and email says both.
 */
export function fieldErrors(details: FieldError[]): { message: string; details: FieldError[] } {
  const shown = details.slice(0, MAX_DETAILS);
  if (details.length <= SPELLED_OUT) return { message: details.map((detail) => detail.message).join('; '), details };
  const listed = details.length > MAX_DETAILS ? `the first ${MAX_DETAILS} listed in details` : 'listed in details';
  return { message: `${details.length} problems, ${listed}; the first: ${details[0]!.message}`, details: shown };
}
