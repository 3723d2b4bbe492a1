import type { NextFunction, Request, Response } from 'express';
import { newErrorId } from '../errors.js';
import type { Logger } from '../log.js';

/** Answers every refusal the same way: `{"error": "<short message>", "id": "<error id>"}`, the id also logged,
 * so that an operator can find the request a caller reports without the caller ever seeing a stack trace. */
export function sendError(res: Response, log: Logger, status: number, message: string, extra?: object): void {
  const id = newErrorId();
  const fields = { errorId: id, status, error: message, route: res.req?.path, ...extra };
  if (status >= 500) log.error(fields, 'request failed');
  else log.warn(fields, 'request refused');
  if (res.headersSent) return;
  res.status(status).json({ error: message, id });
}

interface BodyError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

/** What body-parser and friends throw, mapped to a short message; anything else is a 500 with no detail. */
function describe(err: BodyError): { status: number; message: string } {
  switch (err?.type) {
    case 'entity.too.large':
      return { status: 413, message: 'body too large' };
    case 'encoding.unsupported':
      return { status: 415, message: 'unsupported content encoding' };
    case 'charset.unsupported':
      return { status: 415, message: 'unsupported charset' };
    case 'entity.parse.failed':
      return { status: 400, message: 'malformed JSON' };
    case 'entity.verify.failed':
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return { status: 400, message: 'unreadable body' };
  }
  const status = err?.status ?? err?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, message: 'bad request' };
  return { status: 500, message: 'internal error' };
}

/** The last error handler: JSON, never express's HTML page with the stack and server paths. */
export function jsonErrors(log: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const { status, message } = describe(err as BodyError);
    sendError(res, log, status, message, status >= 500 ? { err } : { cause: (err as BodyError)?.type });
  };
}

/** Unknown routes: 404 JSON. */
export function notFound(log: Logger) {
  return (_req: Request, res: Response) => sendError(res, log, 404, 'not found');
}
