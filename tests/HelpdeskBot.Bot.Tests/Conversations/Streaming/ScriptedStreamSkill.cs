using System.Runtime.CompilerServices;
using HelpdeskBot.Classifier.Intents;
using HelpdeskBot.Skills.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpdeskBot.Bot.Tests.Conversations.Streaming;

/// <summary>
/// What the scripted producer says: its chunks, how far each one moves the host's fake clock (so throttling is
/// deterministic), a short real pause between chunks (so clients see the reply grow), and optionally a failure midway or
/// a pause until the test lets it go on.
/// </summary>
public sealed class StreamScript
{
    public const string Fallback = "Here is the complete answer from the fallback path.";

    public IReadOnlyList<string> Chunks { get; set; } = ["Streaming ", "replies ", "grow ", "word ", "by ", "word."];

    public TimeSpan ClockStep { get; set; } = TimeSpan.FromMilliseconds(400);

    public TimeSpan RealPause { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Throws after this many chunks.</summary>
    public int? FailAfter { get; set; }

    /// <summary>Waits for <see cref="Resume"/> after this many chunks.</summary>
    public int? PauseAfter { get; set; }

    public TaskCompletionSource Resume { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string? Informative { get; set; }

    /// <summary>The completion refuses the streamed text (returns null): the fallback ends the stream.</summary>
    public bool Refuse { get; set; }

    /// <summary>The texts of the replies that follow the fallback whenever it is the final message.</summary>
    public IReadOnlyList<string> FallbackRest { get; set; } = [];

    public string Whole => string.Concat(Chunks);
}

/// <summary>
/// A test-only skill for the greeting intent ("hello") that answers with a streamed reply from <see cref="StreamScript"/>;
/// registered ahead of the real greeting skill, so the real engine and pipeline route to it. No model is involved.
/// </summary>
public sealed class ScriptedStreamSkill(StreamScript script, FakeTimeProvider time) : ISkill
{
    public IReadOnlyCollection<string> Intents { get; } = [IntentNames.SmalltalkGreeting];

    public static Action<IServiceCollection> Register(StreamScript script, FakeTimeProvider time) =>
        services => services.Insert(0, ServiceDescriptor.Singleton<ISkill>(new ScriptedStreamSkill(script, time)));

    public Task<SkillResult> StartAsync(TurnContext turn, CancellationToken cancellationToken) =>
        Task.FromResult(new SkillResult(turn.State,
        [
            Reply.Streamed(new Reply(StreamScript.Fallback), new StreamedText(ProduceAsync(cancellationToken))
            {
                Informative = script.Informative,
                Complete = (reply, text) => script.Refuse ? null : reply with { Text = text, Citation = "Streaming test › Scripted" },
                FallbackRest = [.. script.FallbackRest.Select(text => new Reply(text))],
            }),
        ]));

    private async IAsyncEnumerable<string> ProduceAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < script.Chunks.Count; i++)
        {
            if (script.FailAfter == i)
            {
                throw new HttpRequestException("The scripted model went away mid-answer.");
            }
            if (script.PauseAfter == i)
            {
                await script.Resume.Task.WaitAsync(cancellationToken);
            }
            time.Advance(script.ClockStep);
            await Task.Delay(script.RealPause, cancellationToken);
            yield return script.Chunks[i];
        }
    }
}
