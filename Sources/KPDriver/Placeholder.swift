public enum KPDriverPlaceholder {}
