using System.Globalization;
using System.Text;

namespace HelpdeskBot.Knowledge.Benchmarks;

/// <summary>A Markdown table built row by row; every benchmark prints one and writes it to the results folder.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        text.Append('|').AppendJoin('|', headers.Select(_ => "---")).AppendLine("|");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row.Select(cell => cell.Replace("|", "\\|", StringComparison.Ordinal))).AppendLine(" |");
        }

        return text.ToString();
    }
}

/// <summary>Where a run reports: the console, and one Markdown file (plus detail files) per benchmark in the results folder.</summary>
internal sealed class Report(string directory)
{
    private readonly StringBuilder _current = new();

    public string Directory { get; } = directory;

    public void Log(string line)
    {
        Console.WriteLine(line);
        _current.AppendLine(line);
    }

    public void Table(string title, MarkdownTable table)
    {
        Log(string.Empty);
        Log("### " + title);
        Log(string.Empty);
        Log(table.ToString());
    }

    /// <summary>Writes what was logged since the last call to <c>{name}.md</c> and starts afresh.</summary>
    public void Save(string name)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, name + ".md"), _current.ToString());
        _current.Clear();
    }

    /// <summary>A tab-separated detail file (one row per query), for looking at failures after the run.</summary>
    public void Detail(string fileName, IEnumerable<string> header, IEnumerable<IEnumerable<string>> rows)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var text = new StringBuilder();
        text.AppendJoin('\t', header).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin('\t', row.Select(cell => cell.Replace('\t', ' ').Replace('\n', ' '))).Append('\n');
        }

        File.WriteAllText(Path.Combine(Directory, fileName), text.ToString());
    }

    public static string Percent(double share) => (100 * share).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Number(double value, string format = "0.000") => value.ToString(format, CultureInfo.InvariantCulture);
}
