using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Bot.Privacy;

/// <summary>
/// How long conversation data is kept (section <c>Privacy:Retention</c>). Everything older is purged by
/// <see cref="RetentionJob"/>; see docs/retention.md for what each period covers.
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Privacy:Retention";

    /// <summary>Off: nothing is purged automatically (erasure on request still works).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Transcripts, the Direct Line activity log, sent messages, de-duplication records, conversation references, and the
    /// state of conversations idle this long (none open with a person).
    /// </summary>
    [Range(1, 3650)]
    public int TranscriptDays { get; set; } = 90;

    /// <summary>Analytics events, answer feedback, cited-article counts and closed handoff cases (the dashboard's history).</summary>
    [Range(1, 3650)]
    public int AnalyticsDays { get; set; } = 395;

    /// <summary>The admin inbox's items (masked questions the bot could not serve), open or not.</summary>
    [Range(1, 3650)]
    public int InboxDays { get; set; } = 90;

    /// <summary>How often each instance purges. Instances may overlap: every delete is idempotent.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Rows deleted per statement, so a large backlog never holds the database's write lock for long.</summary>
    [Range(10, 100_000)]
    public int BatchSize { get; set; } = 1000;

    /// <summary>How long a "delete my data" question can be answered with Yes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ConfirmationWindow { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>What data annotations cannot check: the analytics history is not shorter than the transcripts it counts.</summary>
internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public ValidateOptionsResult Validate(string? name, RetentionOptions options) =>
        options.AnalyticsDays < options.TranscriptDays
            ? ValidateOptionsResult.Fail(
                $"{RetentionOptions.SectionName}:AnalyticsDays ({options.AnalyticsDays}) must not be shorter than TranscriptDays " +
                $"({options.TranscriptDays}): the dashboard's history would end before the transcripts it summarises.")
            : ValidateOptionsResult.Success;
}
