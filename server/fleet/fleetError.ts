// A fleet that cannot run (Redis unreachable or lost, too few slots, a bad --redis): one message, exit 2.
export class FleetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FleetError';
  }
}
