export { payment } from './payment';
export { credentialRotation } from './credential-rotation';
