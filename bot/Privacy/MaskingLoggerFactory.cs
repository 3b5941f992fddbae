using HelpdeskBot.Classifier.Entities;

namespace HelpdeskBot.Bot.Privacy;

/// <summary>
/// The host's logger factory: every line, at every level and from every category (ours, ASP.NET Core, EF Core), passes
/// through <see cref="PersonalDataMasker"/> before any provider sees it — the formatted message, the structured values
/// and the exception text. One mechanism instead of a rule at each of the ~160 log calls: a value that a future log
/// call lets slip is still masked. Lines without personal data are passed on untouched.
/// </summary>
internal sealed class MaskingLoggerFactory(ILoggerFactory inner, PersonalDataMasker masker) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new MaskingLogger(inner.CreateLogger(categoryName), masker);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class MaskingLogger(ILogger inner, PersonalDataMasker masker) : ILogger
    {
        // Scopes carry trace ids, request paths and conversation ids: no personal data.
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var maskedMessage = masker.Mask(message);
            var maskedValues = MaskValues(state as IReadOnlyList<KeyValuePair<string, object?>>);
            var maskedException = exception is null ? null : MaskedException.From(exception, masker);
            if (ReferenceEquals(maskedMessage, message) && maskedValues is null && ReferenceEquals(maskedException, exception))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var masked = new MaskedState(maskedMessage, maskedValues ?? (IReadOnlyList<KeyValuePair<string, object?>>?)(state as IReadOnlyList<KeyValuePair<string, object?>>) ?? []);
            inner.Log(logLevel, eventId, masked, maskedException, static (s, _) => s.Message);
        }

        /// <summary>The structured values with their text masked; null when none needed it.</summary>
        private List<KeyValuePair<string, object?>>? MaskValues(IReadOnlyList<KeyValuePair<string, object?>>? values)
        {
            if (values is null)
            {
                return null;
            }

            List<KeyValuePair<string, object?>>? masked = null;
            for (var i = 0; i < values.Count; i++)
            {
                var (key, value) = values[i];
                var text = value switch
                {
                    // The template itself is ours; numbers, dates and enums hold no text a person typed.
                    _ when key == "{OriginalFormat}" => null,
                    null or ValueType => null,
                    string s => s,
                    _ => value.ToString(),
                };
                var maskedText = text is null ? null : masker.Mask(text);
                if (!ReferenceEquals(maskedText, text) && maskedText != text)
                {
                    masked ??= [.. values.Take(i)];
                    masked.Add(new(key, maskedText));
                }
                else
                {
                    masked?.Add(values[i]);
                }
            }

            return masked;
        }
    }

    /// <summary>A log line's state after masking: its values for structured providers, its message for the rest.</summary>
    private sealed class MaskedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public int Count => values.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }

    /// <summary>
    /// An exception whose text (message, inner exceptions) held personal data — a parser quoting the input, say — shown
    /// masked, with the original stack trace. Exceptions without any are logged as they are, type and all.
    /// </summary>
    private sealed class MaskedException : Exception
    {
        private readonly string _text;
        private readonly string? _stackTrace;

        private MaskedException(string message, string text, string? stackTrace) : base(message)
        {
            _text = text;
            _stackTrace = stackTrace;
        }

        public override string? StackTrace => _stackTrace;

        public override string ToString() => _text;

        public static Exception From(Exception exception, PersonalDataMasker masker)
        {
            var text = exception.ToString();
            var masked = masker.Mask(text);
            return masked == text ? exception : new MaskedException(exception.GetType().FullName + ": " + masker.Mask(exception.Message), masked, exception.StackTrace);
        }
    }
}
