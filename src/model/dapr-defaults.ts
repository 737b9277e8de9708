/** Dapr's well-known defaults, shared by the embedded sidecar and by everything that looks for a sidecar. */

/** The gRPC port a Dapr sidecar listens on unless told otherwise. */
export const DEFAULT_GRPC_PORT = 50001;

/** The HTTP port a Dapr sidecar listens on unless told otherwise. */
export const DEFAULT_HTTP_PORT = 3500;
