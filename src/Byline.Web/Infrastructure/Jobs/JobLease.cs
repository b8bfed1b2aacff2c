namespace Byline.Web.Infrastructure.Jobs;

/// <summary>
/// Who may run a background job until when. A node takes or renews a lease with one conditional UPDATE,
/// so a job runs on one node at a time, and a node that dies loses its lease when it expires.
/// </summary>
public sealed class JobLease
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTime ExpiresAt { get; set; }
}
