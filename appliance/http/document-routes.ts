/** The document camera: the kiosk posts a camera frame, the appliance answers with what OCR read (masked). */
import { apiPaths, DocumentQuery, DocumentReadView } from '../../contract/api.ts';
import { ApplianceError } from '../core/errors.ts';
import { onlyFor } from './device-guard.ts';
import type { RouteContext } from './routes.ts';

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const MAX_FRAME_BYTES = 8 * 1024 * 1024;

export function registerDocumentRoutes({ app, core, device }: RouteContext): void {
  app.addContentTypeParser(
    IMAGE_TYPES,
    { parseAs: 'buffer', bodyLimit: MAX_FRAME_BYTES },
    (_req, body, done) => done(null, body),
  );
  app.post<{ Querystring: DocumentQuery; Body: Buffer }>(
    apiPaths.documentOcr,
    {
      onRequest: onlyFor(device, 'kiosk'),
      schema: { querystring: DocumentQuery, response: { 200: DocumentReadView } },
      bodyLimit: MAX_FRAME_BYTES,
    },
    async (req) => {
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
        throw new ApplianceError(
          'document.no-image',
          `send one camera frame as ${IMAGE_TYPES.join(', ')}`,
          415,
        );
      }
      return core.documents.read(req.body, req.query.kind ?? 'id');
    },
  );
  app.delete(apiPaths.documentPerson, { onRequest: onlyFor(device, 'kiosk') }, async (_req, reply) => {
    core.documents.forgetPerson();
    return reply.code(204).send();
  });
}
