import type { ProvRefusal } from '../../contract/provisioning.ts';

export class EnrolRefusedError extends Error {
  readonly code = 'provision.refused';
  constructor(
    readonly reason: ProvRefusal,
    detail: string,
  ) {
    super(`enrolment refused (${reason}): ${detail}`);
    this.name = 'EnrolRefusedError';
  }
}

export class EnrolLinkError extends Error {
  constructor(
    readonly code: 'provision.broker-unreachable' | 'provision.timeout' | 'provision.bad-certificate',
    message: string,
  ) {
    super(message);
    this.name = 'EnrolLinkError';
  }
}

export class AlreadyEnrolledError extends Error {
  readonly code = 'provision.already-enrolled';
}
