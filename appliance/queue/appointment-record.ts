/** An appointment (预约) as the store keeps it. */
import type { PersonRef } from '../store/person-ref.ts';

export interface AppointmentRecord {
  kind: 'appointment';
  id: string;
  serviceId: string;
  day: string;
  slot: string;
  holder?: PersonRef;
  bookedBy: string;
  bookedAt: number;
  /** The reminder's number as a screen may show it (138****1234); the number itself went sealed to central. */
  reminderTo?: string;
  checkedInAt?: number;
  ticketId?: string;
}
