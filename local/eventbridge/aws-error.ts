/** An error the EventBridge API answers with: its code is the `__type` the SDK turns into an exception. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}
