export { payment } from './payment';
