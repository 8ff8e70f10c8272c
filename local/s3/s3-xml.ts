// S3's REST API speaks XML: the error document and the result bodies the endpoint returns.

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** <name>value</name> for each defined field, in order; arrays repeat the element. */
export function xmlElements(fields: [string, unknown][]): string {
  return fields
    .filter(([, v]) => v !== undefined)
    .map(([name, v]) => (Array.isArray(v) ? v.map((item) => element(name, item)).join('') : element(name, v)))
    .join('');
}

const element = (name: string, value: unknown): string => `<${name}>${value instanceof Raw ? value.xml : escapeXml(String(value))}</${name}>`;

/** Already-built XML, inserted as it is. */
export class Raw {
  constructor(readonly xml: string) {}
}

export const xmlDocument = (root: string, inner: string, namespaced = true) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root}${namespaced ? ` xmlns="${S3_XMLNS}"` : ''}>${inner}</${root}>`;

/** An S3 error: its HTTP status, code, message and the extra elements S3 adds for that code. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: [string, unknown][] = [],
  ) {
    super(message);
  }

  toXml(requestId: string, hostId: string) {
    return xmlDocument(
      'Error',
      xmlElements([['Code', this.code], ['Message', this.message], ...this.fields, ['RequestId', requestId], ['HostId', hostId]]),
      false,
    );
  }
}

export const noSuchBucket = (bucket: string) => new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', [['BucketName', bucket]]);
export const noSuchKey = (key: string) => new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', [['Key', key]]);
export const notImplemented = (what: string) =>
  new S3Error(501, 'NotImplemented', `A header or query you provided implies functionality that is not implemented: the local S3 does not support ${what} (see docs/local-s3.md).`);
