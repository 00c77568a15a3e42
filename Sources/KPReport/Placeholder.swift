public enum KPReportPlaceholder {}
