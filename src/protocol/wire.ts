/**
 * The protocol's generated message classes (static protobufjs code from
 * task-hub-sidecar.proto), under one name. Codecs build plain objects of the `I...`
 * interfaces for encoding and read decoded class instances; absent message fields decode as
 * null, absent scalars as their zero value.
 */
export * as wire from './generated/task-hub-sidecar.js';
