// Shapes of the server's JSON (docs/api.md, plugins/rooms/API.md).
export interface UserRef {
  id: number;
  name: string;
}

export interface User extends UserRef {
  role: "member" | "administrator" | "bot";
  status?: "active" | "deactivated" | "banned";
  bio?: string;
  email_address?: string;
  avatar_url?: string;
}

export interface Room {
  id: number;
  type: "open" | "closed" | "direct";
  name: string | null;
  creator_id: number;
  updated_at: string;
  last_message_at: string | null;
  involvement?: "invisible" | "nothing" | "mentions" | "everything";
  unread?: boolean;
  users?: UserRef[];
}

export interface Message {
  id: number;
  room_id: number;
  creator: UserRef;
  creator_id: number;
  client_message_id: string;
  body: string;
  plain_body?: string;
  content_type: "text" | "sound" | "attachment";
  emoji_only?: boolean;
  mentionee_ids?: number[];
  created_at: string;
  updated_at: string;
}

export interface Features {
  api_level: number;
  cable_url: string;
  features: Record<string, { name: string; enabled: boolean; version: string; description: string }>;
}
