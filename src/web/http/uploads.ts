import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasControlCharacter } from '../../domain/control-characters.js';
import { InvalidInputError, PaperboyError } from '../../domain/errors.js';
import { MEDIA_LIMITS, MediaError, mb } from '../../media/limits.js';

/**
 * The routes that take a file (the submit form, attaching media to a paper), in their own
 * encapsulated context: only they parse multipart bodies, with hard limits (one file of at most
 * 20 MB, a few short fields). Everywhere else a multipart body is the stub of src/web/app.ts (the
 * one-click unsubscribe's, whose token is in the URL). The whole body is read before the handler
 * runs; a file over the limit is refused with a 413 before anything is stored. The type-specific
 * limit (8 MB for images) is the media check's (src/media/prepare-media.ts).
 */
export function registerUploadRoutes(app: FastifyInstance, routes: (scoped: FastifyInstance) => void): void {
  app.register(async (scoped) => {
    scoped.removeContentTypeParser('multipart/form-data');
    await scoped.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: true,
      limits: { files: 1, fileSize: MEDIA_LIMITS.videoBytes, fields: 8, fieldSize: 4096, fieldNameSize: 100, parts: 10, headerPairs: 100 },
    });
    // The site-wide control-character check ran before the body was parsed: its text fields are checked here.
    scoped.addHook('preValidation', (req, reply, done) => {
      parsed.add(req);
      refuseControlCharactersInFields(req, reply, done);
    });
    // The plugin's own errors become the site's words; the site's error handler (src/web/app.ts) answers them.
    scoped.setErrorHandler((err: FastifyError, req) => {
      // A body the parser gave up on (busboy: "Unexpected end of multipart data", "Malformed part header"): the client's fault.
      if (!parsed.has(req) && !err.statusCode && !(err instanceof PaperboyError)) throw new MediaError('the form could not be read: send it again', 400);
      throw uploadError(err);
    });
    routes(scoped);
  });
}

/** Requests whose multipart body was read to the end (errors after that are the handler's). */
const parsed = new WeakSet<FastifyRequest>();

function uploadError(err: FastifyError): Error {
  switch (err.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new MediaError(`the file is larger than ${mb(MEDIA_LIMITS.videoBytes)}: images may be up to ${mb(MEDIA_LIMITS.imageBytes)}, videos up to ${mb(MEDIA_LIMITS.videoBytes)}`, 413);
    case 'FST_FILES_LIMIT':
      return new MediaError('one file at a time: attach a single image or video', 413);
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new MediaError('this form has more fields than it should', 413);
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
    case 'FST_PROTO_VIOLATION':
      return new MediaError('the form could not be read: send it again', 400);
    default:
      return err;
  }
}

function refuseControlCharactersInFields(req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  const body = req.body;
  if (!req.isMultipart() || body === null || typeof body !== 'object') return done();
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (hasControlCharacter(name) || (typeof value === 'string' && hasControlCharacter(value, 'multi-line'))) {
      return done(new InvalidInputError(`field ${name.slice(0, 40)}: control characters (such as NUL) are not accepted`, 'invalid_characters'));
    }
  }
  done();
}

/** The uploaded file of a parsed multipart form (`attachFieldsToBody: 'keyValues'` makes a file a Buffer), or null when none was chosen. */
export function uploadedFile(req: FastifyRequest, name: string): Buffer | null {
  const value = (req.body as Record<string, unknown> | undefined)?.[name];
  return Buffer.isBuffer(value) && value.length > 0 ? value : null;
}
