/**
 * What residents do at the kiosk and staff book for them: take a ticket (with the card for a
 * priority or card-only service), book and check in appointments. Durable first, then printed.
 */
import type {
  BookAppointmentRequest,
  BookAppointmentResponse,
  TakeTicketRequest,
  TakeTicketResponse,
} from '../../contract/api.ts';
import type { AppointmentBook, BookRequest } from '../queue/appointments.ts';
import type { Queue } from '../queue/queue.ts';
import type { PersonRef } from '../store/person-ref.ts';
import type { TicketRecord } from '../store/records.ts';
import { ApplianceError } from './errors.ts';
import type { PersonDetails } from './people.ts';
import type { PrintDesk } from './print-desk.ts';
import type { ApplianceViews } from './views.ts';

export interface KioskDeskDeps {
  queue: () => Queue;
  appointments: AppointmentBook;
  print: PrintDesk;
  views: ApplianceViews;
  /** The person on the reader (or read by the camera), sealed; null when none or not valid. */
  holder: () => PersonRef | null;
  /** Seals a person named by staff (an appointment booked for an ID number). */
  seal: (person: PersonDetails) => PersonRef;
}

const expiredCard = () =>
  new ApplianceError('card.expired', 'the document on the reader has expired; please use a valid one', 422);

export class KioskDesk {
  constructor(private readonly deps: KioskDeskDeps) {}

  async takeTicket(req: TakeTicketRequest): Promise<TakeTicketResponse> {
    let holder: PersonRef | undefined;
    let priority = false;
    if (req.withCard) {
      const card = this.deps.views.card();
      if (!card) throw new ApplianceError('card.absent', 'no ID card on the reader', 422);
      if (!card.checkDigitValid) {
        throw new ApplianceError(
          'card.invalid',
          'the card number fails its check digit; please see a clerk',
          422,
        );
      }
      if (card.expired) throw expiredCard();
      holder = this.deps.holder() ?? undefined;
      priority = req.priority === true && card.elderly;
      if (req.priority && !priority) {
        throw new ApplianceError(
          'priority.not-eligible',
          'the card does not show a priority entitlement',
          422,
        );
      }
    } else if (req.priority) {
      throw new ApplianceError(
        'priority.needs-card',
        'a priority ticket needs the ID card on the reader',
        422,
      );
    }
    const ticket = await this.deps.queue().issue({
      serviceId: req.serviceId,
      priority,
      ...(holder ? { holder } : {}),
    });
    return this.printed(ticket);
  }

  /**
   * Books an appointment: by a clerk at the counter (`by` is their username; the holder from an ID
   * number), or by the resident at the kiosk (`by` 'kiosk'; the holder is the card on the reader,
   * with `withCard`). `reminder` seals the optional phone for the reminder the day before.
   */
  async bookAppointment(
    req: Omit<BookAppointmentRequest, 'phone'> & { withCard?: boolean },
    by: string,
    reminder?: BookRequest['reminder'],
  ): Promise<BookAppointmentResponse> {
    let holder: PersonRef | undefined;
    if (req.withCard) {
      if (!this.deps.views.card()) throw new ApplianceError('card.absent', 'no ID card on the reader', 422);
      if (this.deps.views.card()?.expired) throw expiredCard();
      holder = this.deps.holder() ?? undefined;
    } else if (req.idNumber) {
      holder = this.deps.seal({ name: '', number: req.idNumber.toUpperCase() });
    }
    const { appointment, code } = await this.deps.appointments.book(
      {
        serviceId: req.serviceId,
        day: req.day,
        slot: req.slot,
        ...(holder ? { holder } : {}),
        ...(reminder ? { reminder } : {}),
      },
      by,
    );
    return { appointment: this.deps.views.appointment(appointment), code };
  }

  /** Checks in an appointment (by its scanned code or by the card) and prints its priority ticket. */
  async checkInAppointment(by: { code: string } | 'card'): Promise<TakeTicketResponse> {
    let ticket: TicketRecord;
    if (by === 'card') {
      const holder = this.deps.holder();
      if (!holder) throw new ApplianceError('card.absent', 'no valid ID card on the reader', 422);
      if (this.deps.views.card()?.expired) throw expiredCard();
      ticket = await this.deps.appointments.checkIn({ holder });
    } else {
      ticket = await this.deps.appointments.checkIn(by);
    }
    return this.printed(ticket);
  }

  /** Prints a ticket again (补打, marked so with the time: the counter's or central's `reprint`). */
  async reprint(ticket: TicketRecord): Promise<boolean> {
    const view = this.deps.views.ticket(ticket);
    const at = Date.now();
    return this.deps.print.ticket(ticket, view, `${ticket.id}/reprint/${at}`, new Date(at));
  }

  /** A ticket of today, by its ID, printed again for the resident who lost the paper. */
  async reprintById(ticketId: string): Promise<boolean> {
    const ticket = this.deps
      .queue()
      .tickets()
      .find((t) => t.id === ticketId);
    if (!ticket) throw new ApplianceError('ticket.unknown', `no ticket '${ticketId}' today`, 404);
    if (!this.deps.print.hasPrinter) throw new ApplianceError('printer.none', 'no printer configured', 409);
    return this.reprint(ticket);
  }

  private async printed(ticket: TicketRecord): Promise<TakeTicketResponse> {
    const view = this.deps.views.ticket(ticket);
    const printed = await this.deps.print.ticket(ticket, view);
    return { ticket: view, printed };
  }
}
