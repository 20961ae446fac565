import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils';

// The SDK's own historyToJSON/historyFromJSON fail here ("type must be a Type"): npm leaves @temporalio/common and
// @temporalio/proto each their own protobufjs, and protojson checks `instanceof` against its copy. Taking protojson
// from the copy @temporalio/proto itself loads keeps the types and the converter on one instance, however npm nests.
const fromProto = createRequire(require.resolve('@temporalio/proto'));
const { toJson, fromJson } = fromProto('protobufjs/ext/protojson') as {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options: { ignoreUnknownFields: boolean }): unknown;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { patchProtobufRoot } = require('@temporalio/proto/lib/patch-protobuf-root') as {
  patchProtobufRoot(root: unknown): { lookupType(name: string): { fromObject(o: unknown): unknown } };
};
const historyType = patchProtobufRoot(fromProto('@temporalio/proto')).lookupType('temporal.api.history.v1.History');

/** A fetched history as the proto JSON Temporal's tools write (enum names, RFC 3339 times, base64 payloads). */
export const historyToJson = (history: History): unknown => toJson(historyType, historyType.fromObject(history));

/** Reads what historyToJson wrote; fields a newer server adds are ignored rather than refused. */
export const historyFromJson = (json: unknown): History =>
  fromJson(historyType, json, { ignoreUnknownFields: true }) as History;
