using HelpdeskBot.Knowledge.Documents;
using HelpdeskBot.Knowledge.Retrieval;

namespace HelpdeskBot.Knowledge.Library;

/// <summary>One passage as the bot would quote it: its section (heading path under the title) and its text.</summary>
public sealed record PreviewPassage(string Section, string Text);

/// <summary>
/// What a file would become if it were uploaded: its fields as resolved (file first, then the form, then defaults), the
/// passages the bot would quote, and every reason it would be refused. Nothing is stored or embedded.
/// </summary>
public sealed record DocumentPreview(
    string? Title,
    string? Owner,
    Audience Audience,
    string? Language,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    IReadOnlyList<PreviewPassage> Passages,
    IReadOnlyList<string> Errors)
{
    public bool Valid => Errors.Count == 0;
}

public sealed partial class KnowledgeLibrary
{
    /// <summary>
    /// Parses and chunks <paramref name="upload"/> exactly as an upload would (same parser, same chunk sizes, same
    /// section names), without storing or embedding it: the admin sees what the bot would quote before saving.
    /// </summary>
    public DocumentPreview Preview(DocumentUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var settings = options.Value;
        var given = upload.Fields ?? new DocumentFields();
        var errors = new List<string>();
        var name = Path.GetFileName(upload.FileName);
        if (upload.Content.LongLength > settings.MaxDocumentBytes)
        {
            errors.Add($"{name} is larger than the largest document accepted ({settings.MaxDocumentBytes / (1024.0 * 1024):0.#} MB).");
            return new DocumentPreview(given.Title, given.Owner, given.Audience ?? Audience.Employee, given.Language, given.EffectiveFrom, given.EffectiveTo, [], errors);
        }

        ParsedDocument parsed;
        try
        {
            parsed = DocumentParser.Parse(upload.FileName, upload.Content);
        }
        catch (DocumentFormatException exception)
        {
            errors.Add($"{name}: {exception.Message}");
            return new DocumentPreview(given.Title, given.Owner, given.Audience ?? Audience.Employee, given.Language, given.EffectiveFrom, given.EffectiveTo, [], errors);
        }

        var file = parsed.Fields;
        var title = (file.Title ?? given.Title ?? Path.GetFileNameWithoutExtension(upload.FileName)).Trim();
        if (title.Length is 0 or > 200)
        {
            errors.Add("A document needs a title of 1 to 200 characters.");
        }

        var chunker = new TextChunker(new ChunkingOptions { MaxCharacters = settings.ChunkCharacters, OverlapCharacters = settings.ChunkOverlapCharacters });
        var passages = chunker.Split(parsed).Select(p => new PreviewPassage(SectionOf(title, p.HeadingPath), p.Text)).ToArray();
        if (passages.Length == 0)
        {
            errors.Add($"{name} has no text to index.");
        }

        var effectiveFrom = file.EffectiveFrom ?? given.EffectiveFrom;
        var effectiveTo = file.EffectiveTo ?? given.EffectiveTo;
        if (effectiveFrom is { } f && effectiveTo is { } t && t < f)
        {
            errors.Add($"effective_to ({t:yyyy-MM-dd}) is before effective_from ({f:yyyy-MM-dd}).");
        }

        return new DocumentPreview(
            title,
            (file.Owner ?? given.Owner ?? upload.Actor).Trim(),
            file.Audience ?? given.Audience ?? Audience.Employee,
            (file.Language ?? given.Language ?? LanguageGuess.Of(parsed)).ToLowerInvariant(),
            effectiveFrom,
            effectiveTo,
            passages,
            errors);
    }
}
