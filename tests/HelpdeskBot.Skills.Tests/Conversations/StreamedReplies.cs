using HelpdeskBot.Skills.Conversations;

namespace HelpdeskBot.Skills.Tests.Conversations;

/// <summary>What a channel was shown of a turn's streamed replies, and the messages that were sent in the end.</summary>
internal sealed record DrainedTurn(IReadOnlyList<string> Released, IReadOnlyList<Reply> Finals)
{
    /// <summary>All the streamed text shown, in order.</summary>
    public string Shown => string.Concat(Released);
}

/// <summary>
/// Reads a turn's replies the way the bot's pipeline does (<c>ReplyStreaming</c>, which the skills cannot reference):
/// every chunk to the end, then the producer's completion of the text — or the fallback and the replies that follow it
/// when the stream throws, says nothing, or the completion refuses or throws.
/// </summary>
internal static class StreamedReplies
{
    public static async Task<DrainedTurn> DrainAsync(IReadOnlyList<Reply> replies)
    {
        var released = new List<string>();
        var finals = new List<Reply>();
        foreach (var reply in replies)
        {
            if (reply.Stream is not { } stream)
            {
                finals.Add(reply);
                continue;
            }

            var fallback = reply with { Stream = null };
            var text = string.Empty;
            Reply? final = null;
            try
            {
                await foreach (var chunk in stream.Chunks)
                {
                    released.Add(chunk);
                    text += chunk;
                }

                if (!string.IsNullOrWhiteSpace(text))
                {
                    final = stream.Complete is { } complete ? complete(fallback, text) : fallback with { Text = text };
                }
            }
            catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
            {
                final = null;
            }

            if (final is null)
            {
                finals.Add(fallback);
                finals.AddRange(stream.FallbackRest);
            }
            else
            {
                finals.Add(final with { Stream = null });
            }
        }

        return new DrainedTurn(released, finals);
    }
}
