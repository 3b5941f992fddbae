using System.Text;
using HelpdeskBot.Bot.Admin.Audit;
using HelpdeskBot.Bot.Conversations;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Knowledge;
using HelpdeskBot.Knowledge.Documents;
using HelpdeskBot.Knowledge.Library;
using Microsoft.EntityFrameworkCore;

namespace HelpdeskBot.Bot.Admin.Inbox;

/// <summary>A request the inbox refuses, with the status it answers: 400 invalid, 404 unknown item, 409 not open any more.</summary>
internal sealed class InboxRefusal(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}

/// <summary>
/// The inbox for admins: open items grouped by meaning, and the actions on a group — its questions become training
/// examples of an intent, a draft knowledge article, or are dismissed. Each action is audited with item ids and counts,
/// never the questions' text.
/// </summary>
internal sealed partial class InboxService(
    IDbContextFactory<StateDbContext> dbFactory,
    IntentClassifier classifier,
    ISentenceEmbedder embedder,
    KnowledgeLibrary library,
    AuditLog audit,
    TimeProvider time,
    ILogger<InboxService> logger)
{
    /// <summary>The most open items one view groups (the newest); grouping is quadratic in the worst case.</summary>
    public const int MaxItems = 2000;

    /// <summary>The most items one action takes.</summary>
    public const int MaxActionItems = 500;

    public const int ExamplesShown = 5;

    public const string TargetType = "inbox";

    private static readonly Lazy<HashSet<string>> HeldOutTexts = new(() =>
        IntentExamples.HeldOut.Select(e => Comparable(e.Text)).ToHashSet(StringComparer.Ordinal));

    /// <summary>The intents examples may be added to: the classifier's in-scope classes.</summary>
    public IReadOnlyList<string> Intents => [.. classifier.Intents.Where(i => i != IntentNames.OutOfScope).Order(StringComparer.Ordinal)];

    public async Task<InboxView> ViewAsync(InboxQuery query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = db.Set<InboxItem>().AsNoTracking().Where(i => i.Status == InboxStatuses.Open);
        if (query.Reason is { } reason)
        {
            items = items.Where(i => i.Reason == reason);
        }
        if (query.Language is { } language)
        {
            items = items.Where(i => i.Language == language);
        }
        if (query.Channel is { } channel)
        {
            items = items.Where(i => i.ChannelId == channel);
        }
        if (query.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            items = items.Where(i => i.AtUtc >= start);
        }
        if (query.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            items = items.Where(i => i.AtUtc < end);
        }

        var open = await items.OrderByDescending(i => i.AtUtc).ThenByDescending(i => i.Id).Take(MaxItems + 1).ToListAsync(cancellationToken);
        var truncated = open.Count > MaxItems;
        if (truncated)
        {
            open.RemoveAt(open.Count - 1);
        }
        await EmbedMissingAsync(db, open, cancellationToken);

        var groups = InboxGrouping.Group(open.Select(i => new InboxGrouping.Member<InboxItem>(i, InboxCollector.ToVector(i.Embedding), i.AtUtc, i.Id, i.Language)))
            .Select(View)
            // Most asked first, then the most recent, then the oldest group: the same items always list the same way.
            .OrderByDescending(g => g.Count).ThenByDescending(g => g.LastSeenUtc).ThenBy(g => g.ItemIds[0])
            .ToList();
        return new InboxView(open.Count, truncated, groups, Intents, InboxReasons.All);
    }

    /// <summary>
    /// Items are collected without their embedding (it would cost the user's turn a model run); the view computes the
    /// missing ones in one batch and stores them, so each item is embedded once, when an admin first looks. One that
    /// cannot be embedded shows in a group of its own and is tried again at the next view.
    /// </summary>
    private async Task EmbedMissingAsync(StateDbContext db, List<InboxItem> items, CancellationToken cancellationToken)
    {
        var missing = items.Where(i => i.Embedding.Length == 0 && !string.IsNullOrWhiteSpace(i.Text)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        IReadOnlyList<float[]> vectors;
        try
        {
            vectors = embedder.EmbedBatch([.. missing.Select(i => i.Text)], cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException)
        {
            LogEmbedFailed(ex, missing.Count);
            return;
        }

        for (var i = 0; i < missing.Count; i++)
        {
            missing[i].Embedding = InboxCollector.ToBytes(vectors[i]);
            db.Attach(missing[i]).Property(item => item.Embedding).IsModified = true;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // The view still groups with them; the next one computes them again.
            LogEmbeddingsNotStored(ex, missing.Count);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not embed {Count} inbox items; they are shown without grouping")]
    private partial void LogEmbedFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store the embeddings of {Count} inbox items; they are computed again at the next view")]
    private partial void LogEmbeddingsNotStored(Exception exception, int count);

    private static InboxGroupView View(IReadOnlyList<InboxItem> items)
    {
        var examples = items.OrderByDescending(i => i.AtUtc).ThenByDescending(i => i.Id)
            .DistinctBy(i => i.Text.Trim().ToLowerInvariant())
            .Take(ExamplesShown)
            .Select(i => new InboxExampleView(i.Id, i.Text, i.Reason, i.Language, i.ChannelId, i.Intent, i.Confidence, i.AtUtc))
            .ToList();
        var topIntent = items.Where(i => i.Intent is not null && i.Intent != IntentNames.OutOfScope)
            .GroupBy(i => i.Intent!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).FirstOrDefault();
        return new InboxGroupView(
            $"item-{items[0].Id}",
            items.Count,
            [.. items.GroupBy(i => i.Reason).Select(g => new InboxReasonCount(g.Key, g.Count())).OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)],
            [.. items.Select(i => i.Language).Distinct().Order(StringComparer.Ordinal)],
            [.. items.Select(i => i.ChannelId).Distinct().Order(StringComparer.Ordinal)],
            topIntent,
            items.Min(i => i.AtUtc),
            items.Max(i => i.AtUtc),
            examples,
            [.. items.Select(i => i.Id).Order()]);
    }

    /// <summary>The items' texts become training examples of <paramref name="intent"/>, pending until a retrained model is promoted.</summary>
    public async Task<AddExamplesResponse> AddExamplesAsync(string? intent, IReadOnlyList<long>? itemIds, AuditActor actor, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(intent) || intent == IntentNames.OutOfScope || !classifier.Intents.Contains(intent))
        {
            throw new InboxRefusal(StatusCodes.Status400BadRequest, "Unknown intent",
                $"'{intent}' is not one of the classifier's intents: {string.Join(", ", Intents)}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = await OpenItemsAsync(db, itemIds, cancellationToken);
        if (items.FirstOrDefault(i => HeldOutTexts.Value.Contains(Comparable(i.Text))) is { } leak)
        {
            // Training on the test split would make the evaluation that decides the promotion meaningless.
            throw new InboxRefusal(StatusCodes.Status409Conflict, "Utterance is in the test split",
                $"Item {leak.Id} is word for word an utterance of the classifier's held-out test split, which is only used to evaluate models.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var added = items.Select(i => new InboxTrainingExample
        {
            Intent = intent, Language = i.Language, Text = i.Text, ItemId = i.Id, AddedBy = actor.Name, AddedUtc = now,
        }).ToList();
        db.Set<InboxTrainingExample>().AddRange(added);
        Close(items, InboxStatuses.Resolved, actor, now);
        AuditLog.Add(db, audit.Entry(actor, "inbox.examples.add", TargetType, intent,
            new { itemIds = items.Select(i => i.Id), status = InboxStatuses.Open },
            new { intent, examples = added.Count, status = InboxStatuses.Resolved }));
        await db.SaveChangesAsync(cancellationToken);

        var pending = await db.Set<InboxTrainingExample>().CountAsync(x => x.PromotedUtc == null, cancellationToken);
        return new AddExamplesResponse(intent, [.. added.Select(ViewOf)], pending);
    }

    public async Task<IReadOnlyList<TrainingExampleView>> ExamplesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<InboxTrainingExample>().AsNoTracking().OrderByDescending(x => x.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(ViewOf)];
    }

    /// <summary>Takes back an added example that no live model was trained on yet.</summary>
    public async Task RemoveExampleAsync(long id, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var example = await db.Set<InboxTrainingExample>().FindAsync([id], cancellationToken)
            ?? throw new InboxRefusal(StatusCodes.Status404NotFound, "No such example", $"There is no added training example {id}.");
        if (example.PromotedUtc is not null)
        {
            throw new InboxRefusal(StatusCodes.Status409Conflict, "Example is live",
                $"Example {id} is part of the model in use since {example.PromotedUtc:u}; it can no longer be taken back here.");
        }

        db.Remove(example);
        AuditLog.Add(db, audit.Entry(actor, "inbox.examples.remove", TargetType, example.Intent, new { exampleId = id, example.ItemId }, null));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<DismissResponse> DismissAsync(IReadOnlyList<long>? itemIds, AuditActor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = await OpenItemsAsync(db, itemIds, cancellationToken);
        Close(items, InboxStatuses.Dismissed, actor, time.GetUtcNow().UtcDateTime);
        AuditLog.Add(db, audit.Entry(actor, "inbox.dismiss", TargetType, $"item-{items[0].Id}",
            new { itemIds = items.Select(i => i.Id), status = InboxStatuses.Open },
            new { status = InboxStatuses.Dismissed, count = items.Count }));
        await db.SaveChangesAsync(cancellationToken);
        return new DismissResponse(items.Count);
    }

    /// <summary>
    /// A draft article in the knowledge library listing the group's questions, for an admin to complete and publish.
    /// The items are resolved once the draft exists.
    /// </summary>
    public async Task<DraftResponse> DraftAsync(IReadOnlyList<long>? itemIds, string? title, AuditActor actor, CancellationToken cancellationToken)
    {
        title = title?.Trim();
        if (title is { Length: > 200 })
        {
            throw new InboxRefusal(StatusCodes.Status400BadRequest, "Title too long", "A title has at most 200 characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = await OpenItemsAsync(db, itemIds, cancellationToken);
        var questions = items.Select(i => OneLine(i.Text)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var language = items.GroupBy(i => i.Language).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        var chosen = string.IsNullOrEmpty(title) ? null : title;
        var baseTitle = chosen ?? "Draft: " + Shorten(questions[0], 80);
        IngestResult? created = null;
        for (var attempt = 1; created is null; attempt++)
        {
            var candidate = attempt == 1 ? baseTitle : $"{baseTitle} ({attempt})";
            try
            {
                var upload = new DocumentUpload(
                    "inbox-draft.md", Encoding.UTF8.GetBytes(Skeleton(candidate, questions, items.Count)), actor.Name,
                    new DocumentFields(Title: candidate, Owner: actor.Name, Language: language, Status: DocumentStatus.Draft), Publish: false);
                created = await library.CreateAsync(upload, cancellationToken);
            }
            catch (KnowledgeException ex) when (ex.Kind == KnowledgeErrorKind.Conflict && chosen is null && attempt < 20)
            {
                // A generated title that is taken gets a number; a title the admin chose is theirs to change.
            }
            catch (KnowledgeException ex)
            {
                throw new InboxRefusal(ex.Kind switch
                {
                    KnowledgeErrorKind.Conflict => StatusCodes.Status409Conflict,
                    KnowledgeErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
                    KnowledgeErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
                    _ => StatusCodes.Status400BadRequest,
                }, "The knowledge base refused the draft", ex.Message);
            }
        }

        var documentId = created.Document.Summary.Id;
        Close(items, InboxStatuses.Resolved, actor, time.GetUtcNow().UtcDateTime);
        AuditLog.Add(db, audit.Entry(actor, "inbox.draft", TargetType, documentId.ToString(),
            new { itemIds = items.Select(i => i.Id), status = InboxStatuses.Open },
            new { documentId, version = created.Version, documentStatus = "draft", questions = questions.Count, status = InboxStatuses.Resolved }));
        await db.SaveChangesAsync(cancellationToken);
        return new DraftResponse(documentId, created.Document.Summary.Title, questions.Count, $"/admin/kb?doc={documentId}");
    }

    /// <summary>The Markdown a draft starts with: the questions as asked (masked), and the places to write the answer.</summary>
    internal static string Skeleton(string title, IReadOnlyList<string> questions, int asked)
    {
        var markdown = new StringBuilder()
            .Append("# ").AppendLine(EscapeInline(title))
            .AppendLine()
            .Append("> Draft from the unanswered-question inbox: customers asked this ").Append(asked).AppendLine(asked == 1 ? " time" : " times")
            .AppendLine("> and the bot could not answer. Write the answer below, remove this note, then submit it for review.")
            .AppendLine()
            .AppendLine("## Questions as customers asked them")
            .AppendLine();
        foreach (var question in questions)
        {
            markdown.Append("- ").AppendLine(EscapeInline(question));
        }

        return markdown
            .AppendLine()
            .AppendLine("## Answer")
            .AppendLine()
            .AppendLine("_(Write the answer here, in the words a customer would use.)_")
            .AppendLine()
            .AppendLine("## Related")
            .AppendLine()
            .AppendLine("_(Links to forms, systems or other articles, if any.)_")
            .ToString();
    }

    private static async Task<List<InboxItem>> OpenItemsAsync(StateDbContext db, IReadOnlyList<long>? itemIds, CancellationToken cancellationToken)
    {
        if (itemIds is null || itemIds.Count == 0)
        {
            throw new InboxRefusal(StatusCodes.Status400BadRequest, "No items", "Name the inbox items (itemIds) to act on.");
        }
        if (itemIds.Count > MaxActionItems)
        {
            throw new InboxRefusal(StatusCodes.Status400BadRequest, "Too many items", $"One action takes at most {MaxActionItems} items.");
        }

        var ids = itemIds.Distinct().ToList();
        var items = await db.Set<InboxItem>().Where(i => ids.Contains(i.Id)).OrderBy(i => i.Id).ToListAsync(cancellationToken);
        if (items.Count != ids.Count)
        {
            var missing = ids.Except(items.Select(i => i.Id)).First();
            throw new InboxRefusal(StatusCodes.Status404NotFound, "No such item", $"There is no inbox item {missing}.");
        }
        if (items.FirstOrDefault(i => i.Status != InboxStatuses.Open) is { } closed)
        {
            throw new InboxRefusal(StatusCodes.Status409Conflict, "Item already handled",
                $"Inbox item {closed.Id} was {closed.Status} by {closed.ClosedBy} at {closed.ClosedUtc:u}; reload the inbox.");
        }

        return items;
    }

    private static void Close(IEnumerable<InboxItem> items, string status, AuditActor actor, DateTime now)
    {
        foreach (var item in items)
        {
            item.Status = status;
            item.ClosedUtc = now;
            item.ClosedBy = actor.Name;
        }
    }

    private static TrainingExampleView ViewOf(InboxTrainingExample x) =>
        new(x.Id, x.Intent, x.Language, x.Text, x.ItemId, x.AddedBy, x.AddedUtc, x.PromotedUtc);

    /// <summary>Letters and digits only, lower case, single spaces: "Where's my order?" and "where s my order" compare equal.</summary>
    private static string Comparable(string text) =>
        string.Join(' ', new string([.. text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ')]).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string OneLine(string text) => string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)].TrimEnd() + "…";

    /// <summary>User text in Markdown: characters that would start markup are escaped, so a question stays a line of text.</summary>
    private static string EscapeInline(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|' or '!')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
