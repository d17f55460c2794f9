/** A request the appliance refuses for a reason the person in front of it can act on. */
export class ApplianceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 409,
  ) {
    super(message);
    this.name = 'ApplianceError';
  }
}
