using System.Diagnostics.Metrics;

namespace HelpdeskBot.Skills.Llm;

/// <summary>What a call to the chat model was for.</summary>
public enum ModelFeature
{
    /// <summary>A policy answer written from the retrieved passages (whole or streamed).</summary>
    GroundedAnswer,

    /// <summary>Routing a message the classifier could not route to the skills' functions.</summary>
    ToolUse,
}

/// <summary>How a call to the chat model ended, from the bot's side.</summary>
public enum ModelOutcome
{
    /// <summary>The model's work reached the user: a checked answer, or functions it called ran.</summary>
    Used,

    /// <summary>The model answered, and the bot's checks refused it (or it called no function that could run).</summary>
    Refused,

    /// <summary>An HTTP error, a rate limit, a malformed response.</summary>
    Failed,

    /// <summary><c>Llm:Timeout</c> ran out.</summary>
    TimedOut,

    /// <summary>Not sent: the conversation had spent its token budget.</summary>
    BudgetSpent,

    /// <summary>Not sent: the message or a passage tries to instruct the assistant (<see cref="PromptGuard"/>).</summary>
    Guarded,
}

/// <summary>
/// The chat model's calls and tokens as metrics, on the host's "HelpdeskBot" meter (the OpenTelemetry exporter picks them
/// up with the rest): <c>helpdesk.model.calls</c> by feature and outcome, and <c>helpdesk.model.tokens</c> charged to
/// conversations by feature, so an operator sees what the model costs and how often its work is used, refused or fails.
/// Tags are fixed words, never text or ids.
/// </summary>
public sealed class ModelTelemetry : IDisposable
{
    public const string MeterName = "HelpdeskBot";

    private readonly Meter meter;
    private readonly bool ownsMeter;
    private readonly Counter<long> calls;
    private readonly Counter<long> tokens;

    public ModelTelemetry(IMeterFactory? meters = null)
    {
        // The host's meter factory owns (and disposes) its meters; without one this class owns its own.
        ownsMeter = meters is null;
        meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        calls = meter.CreateCounter<long>("helpdesk.model.calls", "{call}", "Chat model calls (and calls not sent), by feature and outcome");
        tokens = meter.CreateCounter<long>("helpdesk.model.tokens", "{token}", "Tokens charged to conversations for the chat model, by feature");
    }

    /// <summary>The meter the instruments are on (tests listen to one host's meter among several).</summary>
    internal Meter Meter => meter;

    public void Record(ModelFeature feature, ModelOutcome outcome, int charged = 0)
    {
        var featureTag = new KeyValuePair<string, object?>("helpdesk.model.feature", FeatureName(feature));
        calls.Add(1, featureTag, new KeyValuePair<string, object?>("helpdesk.model.outcome", OutcomeName(outcome)));
        if (charged > 0)
        {
            tokens.Add(charged, featureTag);
        }
    }

    /// <summary>Tokens charged without an outcome yet (a streamed answer's reservation when it starts).</summary>
    public void Charged(ModelFeature feature, int charged)
    {
        if (charged > 0)
        {
            tokens.Add(charged, new KeyValuePair<string, object?>("helpdesk.model.feature", FeatureName(feature)));
        }
    }

    public void Dispose()
    {
        if (ownsMeter)
        {
            meter.Dispose();
        }
    }

    private static string FeatureName(ModelFeature feature) => feature switch
    {
        ModelFeature.GroundedAnswer => "grounded_answer",
        _ => "tool_use",
    };

    private static string OutcomeName(ModelOutcome outcome) => outcome switch
    {
        ModelOutcome.Used => "used",
        ModelOutcome.Refused => "refused",
        ModelOutcome.Failed => "failed",
        ModelOutcome.TimedOut => "timed_out",
        ModelOutcome.BudgetSpent => "budget_spent",
        _ => "guarded",
    };
}
