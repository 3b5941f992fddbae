using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;

namespace HelpdeskBot.Connectors.BackOffice;

/// <summary>Where the embedded demo back office keeps its SQLite database.</summary>
public sealed class BackOfficeOptions
{
    public const string SectionName = "BackOffice";

    /// <summary>
    /// Path of the SQLite file (relative paths are resolved against the working directory). Required; the host
    /// fills in a default under its data directory when configuration leaves it empty.
    /// </summary>
    [Required]
    public string DatabasePath { get; set; } = "";

    internal string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(DatabasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
    }.ToString();
}
