using System.Data.Common;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Classifier.Intents;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Admin.Inbox;

/// <summary>
/// The examples of the promoted model, for the classifier to load with its shipped training data when the bot starts: the
/// same rows in the same order as when the candidate was trained, so the cache key matches and the promoted model is
/// loaded, not retrained. The host migrates the state database before the classifier warms up; a database without the
/// table yet (a command-line run before the first start, an older version) has no examples.
/// </summary>
internal sealed partial class PromotedIntentExamples(IDbContextFactory<StateDbContext> dbFactory, ILogger<PromotedIntentExamples> logger) : IAdditionalIntentExamples
{
    public IReadOnlyList<IntentExample> Load()
    {
        try
        {
            using var db = dbFactory.CreateDbContext();
            if (!TableExists(db))
            {
                LogNoTable();
                return [];
            }

            // Promoted ones in the order they were added; a candidate trains on live and pending ones in the same order,
            // and promotion makes them all live.
            var rows = db.Set<InboxTrainingExample>().AsNoTracking().Where(x => x.PromotedUtc != null).OrderBy(x => x.Id)
                .Select(x => new { x.Intent, x.Language, x.Text }).ToList();
            return [.. rows.Select(x => new IntentExample(x.Intent, x.Language, x.Text))];
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            LogUnavailable(ex);
            return [];
        }
    }

    /// <summary>
    /// Asked before the query, so a first start neither creates an empty database file ahead of its initializer nor logs
    /// the failed query as an error. PostgreSQL: the schema may not be migrated yet on a first start either.
    /// </summary>
    private static bool TableExists(StateDbContext db)
    {
        if (db.Database.IsNpgsql())
        {
            var table = $"\"{db.Model.GetDefaultSchema()}\".\"InboxTrainingExamples\"";
            return db.Database.SqlQuery<bool>($"SELECT to_regclass({table}) IS NOT NULL AS \"Value\"").Single();
        }

        var source = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.IsNullOrEmpty(source) || !File.Exists(source))
        {
            return false;
        }

        return db.Database.SqlQuery<int>($"SELECT COUNT(*) AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name = 'InboxTrainingExamples'").Single() > 0;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The added training examples could not be read; the classifier uses its shipped data")]
    private partial void LogUnavailable(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "No inbox training examples yet (new or older state database); the classifier uses its shipped data")]
    private partial void LogNoTable();
}
