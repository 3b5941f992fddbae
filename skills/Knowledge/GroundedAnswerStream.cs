using System.Runtime.CompilerServices;
using HelpdeskBot.Knowledge.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace HelpdeskBot.Skills.Knowledge;

/// <summary>
/// One policy answer streamed from the model while the user watches, and safe while it streams: the model's tokens go
/// through a <see cref="SentenceGate"/>, so a channel only ever shows sentences that passed the whole-answer check as far
/// as they go. The request starts when <see cref="ReleaseAsync"/> is first read and has <see cref="LlmOptions.Timeout"/>
/// for the whole stream. A timeout, an HTTP error or a rate limit midway, or a sentence that fails, ends the release; then
/// <see cref="Complete"/> has no answer and the skill's extractive answer is the final message. Only when the model
/// finished and its whole text passed is there an <see cref="Answer"/>.
/// </summary>
internal sealed partial class GroundedAnswerStream(
    GroundedPolicyAnswers answers,
    IChatClient chat,
    IReadOnlyList<ChatMessage> messages,
    ChatOptions chatOptions,
    TimeSpan timeout,
    string language,
    IReadOnlyList<KnowledgePassage> passages,
    int reservation,
    ILogger logger)
{
    /// <summary>What the conversation is charged for this answer when it starts (<see cref="GroundedPolicyAnswers.Reservation"/>).</summary>
    public int Reservation { get; } = reservation;

    /// <summary>The checked answer, once the model finished and its whole text passed; null until then, or for good.</summary>
    public GroundedAnswer? Answer { get; private set; }

    /// <summary>
    /// The final answer for what the user was shown: <see cref="Answer"/> when the released text is all of it, else null
    /// (the stream stopped, failed or was cut short, and the extractive answer ends it).
    /// </summary>
    public GroundedAnswer? Complete(string shown) =>
        Answer is { } answer && string.Equals(shown?.Trim(), answer.Text, StringComparison.Ordinal) ? answer : null;

    /// <summary>The model's text as it passes the gate, in pieces of whole sentences. Read once.</summary>
    public async IAsyncEnumerable<string> ReleaseAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var passageTexts = passages.Select(p => p.Text).ToList();
        var gate = new SentenceGate(
            text => answers.Verify(text, language, passages),
            text => GroundedAnswerCheck.StatesFactOfNoPassage(text, passageTexts));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var failed = false;
        var updates = chat.GetStreamingResponseAsync(messages, chatOptions, deadline.Token).GetAsyncEnumerator(deadline.Token);
        try
        {
            while (true)
            {
                string? delta;
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }

                    delta = updates.Current.Text;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    GroundedPolicyAnswers.LogTimedOut(logger, timeout.TotalSeconds);
                    answers.StreamBroke(timedOut: true);
                    failed = true;
                    break;
                }
                // As for a whole answer: an HTTP error, a rate limit, a dropped connection or a malformed chunk midway is the
                // model's failure, never the user's error. The extractive answer ends the stream.
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    GroundedPolicyAnswers.LogModelFailed(logger, exception.GetType().Name, exception);
                    answers.StreamBroke(timedOut: false);
                    failed = true;
                    break;
                }

                var release = gate.Push(delta);
                if (release.Length > 0)
                {
                    yield return release;
                }

                if (gate.Stopped is { } stopped)
                {
                    answers.Refused(stopped);
                    yield break;
                }
            }
        }
        finally
        {
            await DisposeQuietlyAsync(updates);
        }

        if (failed)
        {
            yield break;
        }

        var (rest, verdict) = gate.Finish();
        if (!verdict.Passed)
        {
            answers.Refused(verdict);
            yield break;
        }

        Answer = GroundedPolicyAnswers.Answer(gate.Text, verdict, passages);
        answers.Grounded(verdict, passages.Count);
        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    private async Task DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        try
        {
            // Ends the HTTP response early when the gate stopped: the model stops writing what nobody will read.
            await updates.DisposeAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDisposeFailed(logger, exception);
        }
        catch (OperationCanceledException)
        {
            // Closing a cancelled request: nothing more to do.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Closing the chat model's stream failed")]
    private static partial void LogDisposeFailed(ILogger logger, Exception exception);
}
