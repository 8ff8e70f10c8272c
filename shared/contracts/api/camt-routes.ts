// Staff routes of ISO 20022 ingestion: processing records of camt files and single messages, their
// rejected entries, and the redrive after a mapping fix.
import { defineRoute } from './route-contract';
import { CamtFilePath, CamtFilesPage, CamtFilesQuery, CamtFileView, CamtRedriveView, CamtRejectionsPage, CamtRejectionsQuery } from './camt-files';

const ADMIN = ['admin'] as const;
/** Operational records (no customer data): analysts follow the feeds' quality, admins act on it. */
const READERS = ['analyst', 'admin'] as const;
const rolesLine = (roles: readonly string[]) => `\n\nRoles: ${roles.join(', ')}.`;

export const listCamtFiles = defineRoute({
  operationId: 'listCamtFiles',
  method: 'GET',
  path: '/admin/camt-files',
  summary: 'Processing records of camt files and single messages, newest first',
  description:
    'Each file the bank wrote to the bucket, and each single message that had entries rejected: status, message and ' +
    'version, and the counts of the current run (read, published, parked, rejected, skipped). One page, linked to the ' +
    'next by an opaque cursor.' +
    rolesLine(READERS),
  tags: ['admin'],
  access: { kind: 'roles', roles: READERS },
  request: { query: CamtFilesQuery },
  responses: { 200: { description: 'One page of processing records.', schema: CamtFilesPage } },
});

export const getCamtFile = defineRoute({
  operationId: 'getCamtFile',
  method: 'GET',
  path: '/admin/camt-files/{fileId}',
  summary: "One camt file's processing record",
  description: 'A single message is shown by its message id, never its content.' + rolesLine(READERS),
  tags: ['admin'],
  access: { kind: 'roles', roles: READERS },
  request: { path: CamtFilePath },
  responses: { 200: { description: 'The processing record.', schema: CamtFileView } },
});

export const listCamtRejections = defineRoute({
  operationId: 'listCamtRejections',
  method: 'GET',
  path: '/admin/camt-files/{fileId}/rejections',
  summary: "A camt file's rejected entries: position and reason, in document order",
  description: 'Each entry that could not be mapped, with where it is in the document and why, naming fields and never values.' + rolesLine(READERS),
  tags: ['admin'],
  access: { kind: 'roles', roles: READERS },
  request: { path: CamtFilePath, query: CamtRejectionsQuery },
  responses: { 200: { description: 'One page of rejections.', schema: CamtRejectionsPage } },
});

export const redriveCamtFile = defineRoute({
  operationId: 'redriveCamtFile',
  method: 'POST',
  path: '/admin/camt-files/{fileId}/redrives',
  summary: 'Read a rejected camt file, or a file with rejected entries, again after a mapping fix',
  description:
    'Queues the next run of the file: it is read again whole from its source (the same object version, or the single ' +
    "message its record holds) with the stage's current mapping settings. Entries already applied come out with the " +
    'same eventIds and change nothing; entries mapped now clear their rejections; the run\'s counts replace the ' +
    "previous run's. 409 while a run is under way or when nothing was rejected. Poll the Location." +
    rolesLine(ADMIN),
  tags: ['admin'],
  access: { kind: 'roles', roles: ADMIN },
  request: { path: CamtFilePath },
  responses: { 202: { description: 'The run is queued.', schema: CamtRedriveView } },
});

/** Served by the camt-api function. */
export const camtRoutes = [listCamtFiles, getCamtFile, listCamtRejections, redriveCamtFile] as const;
