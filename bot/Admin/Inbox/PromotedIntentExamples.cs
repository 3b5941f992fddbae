using System.Data.Common;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Classifier.Intents;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Admin.Inbox;

/// <summary>
/// The examples of the promoted model, for the classifier to load with its shipped training data when the bot starts: the
/// same rows in the same order as when the candidate was trained, so the cache key matches and the promoted model is
/// loaded, not retrained. The classifier warms up before the state database is created or upgraded, so a database
/// without the table yet (first start, older version) has no examples.
/// </summary>
internal sealed partial class PromotedIntentExamples(IDbContextFactory<StateDbContext> dbFactory, ILogger<PromotedIntentExamples> logger) : IAdditionalIntentExamples
{
    public IReadOnlyList<IntentExample> Load()
    {
        try
        {
            using var db = dbFactory.CreateDbContext();
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

    [LoggerMessage(Level = LogLevel.Information, Message = "No added training examples could be read (no state database or inbox table yet); the classifier uses its shipped data")]
    private partial void LogUnavailable(Exception exception);
}
