/** Server configuration, read from the environment (and flags) and checked at start. */
export interface ServerConfig {
  port: number;
  hostname: string;
  /** Address to listen on; loopback unless configured otherwise. */
  bindHost: string;
  dataDirectory: string;
}
