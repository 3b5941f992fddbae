using HelpdeskBot.Bot.Conversations;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Admin.Audit;

/// <summary>Whether the action was carried out or refused (a wrong password, the losing side of a race).</summary>
internal enum AuditOutcome { Succeeded, Refused }

/// <summary>Who does things the audit log records.</summary>
internal static class AuditActorKinds
{
    public const string Agent = "agent";
    public const string Admin = "admin";
    public const string ApiKey = "api-key";
    public const string System = "system";

    /// <summary>Someone not signed in: a failed console sign-in names the user name that was tried.</summary>
    public const string Anonymous = "anonymous";
}

/// <summary>
/// One admin or agent action: who, what, on which target, the state before and after (JSON, free text masked), whether it
/// was done, and from where. Rows are only ever added; the database refuses updates and deletes (see <see cref="AuditModel"/>).
/// </summary>
internal sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public required string Actor { get; set; }
    public required string ActorKind { get; set; }

    /// <summary>A dotted name, e.g. <c>handoff.accept</c>, <c>kb.document.publish</c>.</summary>
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? ClientIp { get; set; }
}

/// <summary>The audit table's part of the state database's model, and the triggers that keep it append-only.</summary>
internal static class AuditModel
{
    public const string Table = "AuditEntries";

    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable(Table);
            e.HasKey(a => a.Id);
            e.HasIndex(a => a.AtUtc);
            e.HasIndex(a => new { a.Actor, a.Id });
            e.HasIndex(a => new { a.Action, a.Id });
            e.HasIndex(a => new { a.TargetType, a.TargetId });
            e.Property(a => a.Actor).HasMaxLength(128);
            e.Property(a => a.ActorKind).HasMaxLength(16);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.TargetType).HasMaxLength(32);
            e.Property(a => a.TargetId).HasMaxLength(128);
            e.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.ClientIp).HasMaxLength(64);
        });

    /// <summary>
    /// The database itself refuses to change or remove an audit row, so neither a bug nor a hand with the connection string
    /// and EF can rewrite history unnoticed (dropping the table is still possible for whoever owns the file or schema).
    /// SQLite: triggers that abort; PostgreSQL: row triggers on UPDATE and DELETE and a statement trigger on TRUNCATE that
    /// raise. Idempotent; run after the migrations (they are not part of the EF model).
    /// </summary>
    public static async Task CreateAppendOnlyGuardsAsync(StateDbContext db, CancellationToken cancellationToken)
    {
#pragma warning disable EF1002, EF1003 // Constant text: the schema, table name and the operation are ours.
        if (db.Database.IsSqlite())
        {
            foreach (var operation in (string[])["UPDATE", "DELETE"])
            {
                await db.Database.ExecuteSqlRawAsync(
                    $"CREATE TRIGGER IF NOT EXISTS \"{Table}_no_{operation.ToLowerInvariant()}\" BEFORE {operation} ON \"{Table}\" " +
                    "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;",
                    cancellationToken);
            }

            return;
        }

        if (db.Database.IsNpgsql())
        {
            var schema = db.Model.GetDefaultSchema() ?? "public";
            var table = $"\"{schema}\".\"{Table}\"";
            var function = $"\"{schema}\".\"{Table}_append_only\"";
            await db.Database.ExecuteSqlRawAsync(
                $"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS " +
                "$$ BEGIN RAISE EXCEPTION 'audit entries are append-only' USING ERRCODE = 'insufficient_privilege'; END $$;",
                cancellationToken);
            foreach (var (operation, level) in ((string, string)[])[("UPDATE", "ROW"), ("DELETE", "ROW"), ("TRUNCATE", "STATEMENT")])
            {
                await db.Database.ExecuteSqlRawAsync(
                    $"CREATE OR REPLACE TRIGGER \"{Table}_no_{operation.ToLowerInvariant()}\" BEFORE {operation} ON {table} " +
                    $"FOR EACH {level} EXECUTE FUNCTION {function}();",
                    cancellationToken);
            }
        }
#pragma warning restore EF1002, EF1003
    }
}
