// avsc ships typings for its default entry only; its types-only entry exports the same Type and types.
declare module 'avsc/etc/browser/avsc-types' {
  export { Type, types, parse, type Schema } from 'avsc';
}
