using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Connectors.BackOffice;

/// <summary>Where the embedded demo back office keeps its SQLite database.</summary>
public sealed class BackOfficeOptions
{
    public const string SectionName = "BackOffice";

    /// <summary>
    /// Path of the SQLite file (relative paths are resolved against the working directory). Required; the host
    /// fills in a default under its data directory when configuration leaves it empty.
    /// </summary>
    [Required]
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// When set, the demo back office lives in this PostgreSQL database (schema <c>backoffice</c>) instead of
    /// <see cref="DatabasePath"/>. The host fills it from <c>ConnectionStrings:Helpdesk</c> when <c>Database:Provider</c> is
    /// <c>Postgres</c>; it is a secret and never logged.
    /// </summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// Apply pending schema migrations on start (the host's <c>Database:MigrateOnStart</c>). Off, a start with migrations
    /// pending fails and <c>database migrate</c> applies them.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// The day the demo back office's business rules treat as "today": return windows, overdue invoices, the latest
    /// payslip and the next pay date. Null (the default) means <see cref="DemoBackOffice.AsOf"/>, the day the seeded data
    /// is frozen at, so the demo tells the same story next month as today. Clocks that measure elapsed time (verification
    /// lock-outs, one-time-code expiry, created-at stamps) come from the injected <see cref="TimeProvider"/> instead.
    /// </summary>
    public DateOnly? BusinessDate { get; set; }

    /// <summary><see cref="BusinessDate"/> or, when unset, the day the demo data is frozen at.</summary>
    internal DateOnly Today => BusinessDate ?? DemoBackOffice.AsOf;

    internal string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(DatabasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();
}
