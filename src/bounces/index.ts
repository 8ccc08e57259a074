export {
  type DeliveryReport,
  parseDeliveryReport,
  type RecipientStatus,
  splitMessage,
} from './dsn.js';
