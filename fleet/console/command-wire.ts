/** Command request and result payloads on `v1/kiosks/{id}/cmd/{name}` and `…/cmd/res`: the contract's. */
export { CommandRequest, CommandResult, CommandStatus } from '../../contract/mqtt.ts';
